"""The audit log and a person's own data.

Entries are kept for their retention time even after an account is deleted:
they are the record of what staff and admins did and of attacks on accounts.
The link to the account goes; who it was stays as the email address.
"""

from django.utils.translation import gettext_lazy as _

from klynge.audit.models import AuditEntry

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
