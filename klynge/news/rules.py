"""Who may write news: staff, and members staff have made authors."""

from __future__ import annotations

from klynge.directory.roles import is_staff

# Staff make a member an author by adding them to this group in the admin
# (the group is made by the news app's migration 0002).
AUTHORS_GROUP = "News authors"


def can_write(user) -> bool:
    if not user.is_authenticated:
        return False
    return is_staff(user) or user.groups.filter(name=AUTHORS_GROUP).exists()


def can_edit(user, post) -> bool:
    if not can_write(user):
        return False
    return is_staff(user) or post.author_id == user.pk


def can_see(user, post) -> bool:
    return post.is_published or can_edit(user, post)
