"""Signals of the stakeholders' data that its own models' signals do not give."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of a bulk write of contacts (an import: no post_save for each
# contact), with `account_ids`, the accounts whose people were created or changed.
contacts_written = Signal()
