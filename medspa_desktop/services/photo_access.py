"""Who may see and take a client's photos: the role matrix, then the care relationship.

Public API (the thread that owns the unit of work):

- ``authorize_for_client(uow, actor, action, client_id) -> None``: the role must allow
  ``action`` (``authz.authorize``), the client must exist in the actor's organisation
  (else ``NotFound``), and a practitioner must treat the client or be booked with them,
  by the same rule as charts (``chart_access.treats_or_booked``: an appointment with them
  that was not cancelled, past or future, or a chart of theirs). Otherwise the refusal is
  audited and ``PermissionDenied`` raised. Managers and owners reach every client.
"""

from __future__ import annotations

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.authz import authorize, refuse
from medspa_desktop.services.chart_access import treats_or_booked
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.store.uow import UnitOfWork

NOT_YOUR_CLIENT = (
    "Practitioners see and take photos only of clients they treat or are booked with. "
    "Ask a manager, or book the client with you first."
)


def authorize_for_client(uow: UnitOfWork, actor: Actor, action: Action, client_id: str) -> None:
    """Return when ``actor`` may do ``action`` on this client's photos; else refuse (audited)."""
    authorize(uow, actor, action, entity="client", entity_id=client_id)
    get_client(uow, client_id, actor.org_id)
    if actor.role is Role.PRACTITIONER and not treats_or_booked(uow, actor.staff_id, client_id):
        refuse(uow, actor, action, NOT_YOUR_CLIENT, entity="client", entity_id=client_id)
