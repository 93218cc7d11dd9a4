"""The audit log and a person's own data.

Entries are kept for their retention time even after an account is deleted:
they are the record of what staff and admins did and of attacks on accounts.
The link to the account goes; who it was stays as the email address.
"""

from django.utils.translation import gettext_lazy as _

from klynge.audit.models import AuditEntry
from klynge.core.retention import Rule

DELETION_NOTE = _(
    "Entries in the audit log about actions you took as staff, or about failed "
    "sign-ins to your account, are kept until they expire, then deleted."
)


def export(user) -> dict:
    entries = AuditEntry.objects.filter(actor=user).newest_first()
    return {
        "audit_log": [
            {"at": entry.at, "action": entry.action, "object": entry.target_label,
             "summary": entry.summary, "ip": entry.ip}
            for entry in entries
        ]
    }  # fmt: skip


def forget(user) -> None:
    """Nothing to delete now (see the module's docstring); the foreign key is SET_NULL."""


def _forget_expired(cutoff) -> int:
    deleted, _per_model = AuditEntry.objects.older_than(cutoff).delete()
    return deleted


RETENTION = [
    Rule(
        key="audit_entries",
        what=_(
            "The audit log: what staff and admins did, repeated failed sign-ins and API "
            "tokens made or revoked, with who, when and the address it came from"
        ),
        then=_("deleted"),
        purge=_forget_expired,
    ),
]
