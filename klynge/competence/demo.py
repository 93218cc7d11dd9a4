from klynge.competence.taxonomy import taxonomy_load


def load(stdout) -> None:
    """The taxonomy comes first: the directory's demo skills are mapped onto it."""
    categories, competences = taxonomy_load()
    stdout.write(f"Taxonomy: {categories} categories, {competences} competences.")
