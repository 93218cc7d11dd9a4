"""The weights of the match score, in one place. docs/matching.md explains each.

score = TEXT * text + COMPETENCE * competence + LEVEL * level
        + AVAILABILITY * available + PROXIMITY * proximity        (each part 0..1)
"""

TEXT = 0.40  # BM25 on the analyzer's terms, relative to the best candidate
COMPETENCE = 0.35  # share of the need's competences the provider has, rarer ones weigh more
LEVEL = 0.07  # the provider's own level (1-5) in the competences that matched
AVAILABILITY = 0.10  # people not available for assignments rank below those who are
PROXIMITY = 0.08  # steps along the valley between the need and the provider

DEFAULT_LEVEL = 3  # a competence named in free text, with no level given
MAX_STEPS = 4  # at this distance or more, proximity is 0
OUTSIDE_PROXIMITY = 0.25  # the provider or the need is outside the region
UNKNOWN_PROXIMITY = 0.5  # the need names no municipality
MIN_SCORE = 0.05  # below this a provider is not shown at all

TITLE_BOOST = 2.0  # words and competences in a need's title, and competences asked for, count twice
RELATED_SHARE = 0.5  # a related competence earns half of what the competence itself would
SETTING_SHARE = 0.5  # a competence named only in telling the situation, not in asking

VERY_COMMON_SHARE = 0.15  # a word in more of the documents neither carries a match nor is a reason
COMMON_FROM = 20  # with fewer documents than this, no word counts as very common

# What a need implies (klynge/competence/implied.py)
IMPLIED_SHARE = 0.5  # an implied competence weighs half of a named one, in the score and the search
IMPLIED_TOP = 3  # at most this many implied competences a need
IMPLIED_SUPPORT = 3  # of its stems, at least this many must be in the need
IMPLIED_MAX_SHARE = 0.10  # a stem in more of the competences votes for none
IMPLIED_COMMON_FROM = 20  # with fewer competences than this, no stem is too common
SUGGEST_TOP = 6  # the need form offers the poster at most this many to tick ...
SUGGEST_SUPPORT = 2  # ... each with at least this many of its stems in the need
LONE_SHARE = 0.5  # a named competence nothing else in the need supports weighs half
LONE_SUPPORT = 1  # ... "nothing else": at most this many of its stems in the need
LONE_MAX_SHARE = 0.20  # a stem in more of the competences supports none
