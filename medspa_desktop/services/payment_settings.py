"""The clinic PC's Stripe key, set by an owner (Settings → Payments).

``SetStripeKey(key)`` -> ``set_stripe_key(cmd, *, uow, actor, data_dir)``: checks the
owner's permission and that it looks like a Stripe secret or restricted key, keeps it in
the OS keyring (``store.payment_keys``) and audits that it was changed, never the key
itself. ``forget_stripe_key_as(...)`` removes it, and ``stripe_key_saved(...)`` says
whether there is one (never what it is). Not on the GUI thread (the keyring).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.store.payment_keys import forget_stripe_key, save_stripe_key, stripe_key
from medspa_desktop.store.uow import UnitOfWork

PREFIXES = ("rk_live_", "rk_test_", "sk_live_", "sk_test_")


@dataclass(frozen=True)
class SetStripeKey:
    key: str


def set_stripe_key(cmd: SetStripeKey, *, uow: UnitOfWork, actor: Actor, data_dir: Path) -> None:
    authorize(uow, actor, Action.PAYMENT_SETTINGS_MANAGE, entity="payment_settings")
    key = cmd.key.strip()
    if not key.startswith(PREFIXES) or len(key) < 20 or any(ch.isspace() for ch in key):
        raise ValidationError(
            {"key": "Paste the restricted key from the Stripe dashboard; it starts with rk_live_."}
        )
    save_stripe_key(data_dir, key)
    mode = "live" if "_live_" in key else "test"
    detail = f"Stripe {mode} key set"  # nothing of the key itself
    record_audit(uow, actor, Action.PAYMENT_SETTINGS_MANAGE, entity="payment_settings",
                 entity_id="stripe_key", outcome="ok", detail=detail)  # fmt: skip
    uow.commit()


def forget_stripe_key_as(*, uow: UnitOfWork, actor: Actor, data_dir: Path) -> None:
    authorize(uow, actor, Action.PAYMENT_SETTINGS_MANAGE, entity="payment_settings")
    forget_stripe_key(data_dir)
    record_audit(uow, actor, Action.PAYMENT_SETTINGS_MANAGE, entity="payment_settings",
                 entity_id="stripe_key", outcome="ok", detail="Stripe key removed")  # fmt: skip
    uow.commit()


def stripe_key_saved(*, uow: UnitOfWork, actor: Actor, data_dir: Path) -> bool:
    authorize(uow, actor, Action.PAYMENT_SETTINGS_MANAGE, entity="payment_settings")
    return stripe_key(data_dir) is not None
