"""``medspa reconcile`` as a manager or the clinic's IT person runs it: the real command on a
demo clinic (whose simulated reader keeps its state in DATA_DIR/demo-card-reader.json), and
on a real data folder with the Stripe key in the keyring and Stripe faked on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from medspa_desktop import cli
from medspa_desktop.payments.provider import API_BASE_VARIABLE, DEMO_STATE_FILE
from medspa_desktop.payments.simulated import DEMO_READER_ID, SimulatedTerminal
from medspa_desktop.services import credentials
from medspa_desktop.services.common import device_location_id
from medspa_desktop.services.setup import SetUpClinic, set_up_clinic
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import AuditEntry, Location, Payment, Staff, Ticket
from medspa_desktop.store.payment_keys import save_stripe_key
from tests.integration.services.helpers import CHEAP

ADDRESS = {"line1": "1 Main St", "city": "New York", "postal_code": "10001", "country": "US"}


def medspa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medspa_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("reconcile-demo") / "clinic"
    done = medspa("demo", "--data-dir", str(data_dir), "--clients", "60")
    assert done.returncode == 0, done.stderr
    return data_dir


def _today_at_this_computers_location(data_dir: Path) -> dt.date:
    store = open_store(data_dir, demo=True)
    try:
        with store.uow() as uow:
            location = uow.session.get(Location, device_location_id(uow))
            assert location is not None
            return dt.datetime.now(ZoneInfo(location.time_zone)).date()
    finally:
        store.close()


def test_a_day_without_card_money_on_either_side_matches_and_exits_0(demo_dir):
    later = _today_at_this_computers_location(demo_dir) + dt.timedelta(days=2)
    result = medspa("reconcile", "--data-dir", str(demo_dir), "--date", later.isoformat())
    assert result.returncode == 0, result.stderr
    assert "Everything matches" in result.stdout


def test_money_on_the_demo_reader_that_no_ticket_records_exits_3_and_is_reported(demo_dir):
    reader = SimulatedTerminal(tap_seconds=0, state_file=demo_dir / DEMO_STATE_FILE)
    intent = reader.create_intent(
        key="cli-walk-in", amount_minor=4321, currency="USD", attempt_id="", description="x"
    )
    reader.process(key="cli-walk-in:process", reader_id=DEMO_READER_ID, intent_id=intent.id)
    assert reader.find_intent(intent.id).status == "succeeded"
    day = _today_at_this_computers_location(demo_dir).isoformat()

    text = medspa("reconcile", "--data-dir", str(demo_dir), "--date", day)
    as_json = medspa("reconcile", "--data-dir", str(demo_dir), "--date", day, "--json")

    assert (text.returncode, as_json.returncode) == (3, 3), text.stderr + as_json.stderr
    assert "Charged at Stripe, not recorded here" in text.stdout and "USD 43.21" in text.stdout
    report = json.loads(as_json.stdout)
    assert report["matches"] is False and report["day"] == day
    unrecorded = [d for d in report["differences"] if d["stripe_id"] == intent.id]
    assert [(d["kind"], d["amount_stripe"]) for d in unrecorded] == [("missing_locally", 4321)]
    _assert_audited_as_an_owner_from_the_command_line(demo_dir)


def _assert_audited_as_an_owner_from_the_command_line(data_dir: Path) -> None:
    store = open_store(data_dir, demo=True)
    try:
        with store.session_factory() as session:
            entry = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "payment.reconcile")
                .order_by(AuditEntry.seq.desc())
            ).first()
            assert entry is not None and entry.detail.endswith("; command line")
            staff = session.get(Staff, entry.staff_id)
            assert staff is not None and staff.role == "owner"
    finally:
        store.close()


def test_without_card_payments_set_up_it_exits_2_and_says_where_to_set_them_up(
    memory_keyring, tmp_path, capsys
):
    assert cli.main(["reconcile", "--data-dir", str(tmp_path / "clinic")]) == 2
    assert "Settings → Payments" in capsys.readouterr().err


def test_a_real_clinic_reconciles_with_stripe_through_the_key_in_the_keyring(
    memory_keyring, tmp_path, stripe_fake, monkeypatch, capsys
):
    data_dir = tmp_path / "clinic"
    _set_up_real_clinic(data_dir)
    save_stripe_key(data_dir, stripe_fake.api_key)
    monkeypatch.setenv(API_BASE_VARIABLE, stripe_fake.url)
    intent = _charge_on_a_reader(stripe_fake, 7500)

    exit_code = cli.main(["reconcile", "--data-dir", str(data_dir), "--json"])

    report = json.loads(capsys.readouterr().out)
    assert exit_code == 3
    assert [(d["kind"], d["stripe_id"]) for d in report["differences"]] == [
        ("missing_locally", intent)
    ]
    assert report["stripe_total_minor"] == 7500 and report["local_total_minor"] == 0


def _set_up_real_clinic(data_dir: Path) -> None:
    store = open_store(data_dir)  # the database key goes to the (in-memory) keyring
    try:
        with credentials.hashing_parameters(CHEAP), store.uow() as uow:
            set_up_clinic(
                SetUpClinic(
                    "Lumen Aesthetics", "Downtown", "America/New_York", "olivia",
                    "Olivia Owner", "lantern orchard velvet",
                ),
                uow=uow,
            )  # fmt: skip
    finally:
        store.close()


def _charge_on_a_reader(stripe_fake, amount: int) -> str:
    sdk = stripe_fake.client(max_network_retries=0)
    location: Any = sdk.v1.terminal.locations.create(
        {"display_name": "Downtown", "address": ADDRESS}
    )
    reader: Any = sdk.v1.terminal.readers.create(
        {"registration_code": "simulated-wpe", "label": "Desk", "location": location.id}
    )
    params: Any = {"amount": amount, "currency": "usd", "payment_method_types": ["card_present"]}
    intent = sdk.v1.payment_intents.create(params)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, {"payment_intent": intent.id})
    present: Any = {"card_present": {"number": "4242424242424242"}, "type": "card_present"}
    sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id, present)
    return intent.id


def test_a_past_demo_day_with_card_sales_matches_the_demos_stripe_history(demo_dir, tmp_path):
    copy = tmp_path / "clinic"
    shutil.copytree(demo_dir, copy)
    (copy / DEMO_STATE_FILE).unlink(missing_ok=True)  # as a demo made before it kept history
    day = _busiest_card_day(copy)
    result = medspa("reconcile", "--data-dir", str(copy), "--date", day.isoformat(), "--json")
    found = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert found["matched"] > 0 and found["differences"] == []


def _busiest_card_day(data_dir: Path) -> dt.date:
    store = open_store(data_dir, demo=True)
    try:
        with store.uow() as uow:
            location = uow.session.get(Location, device_location_id(uow))
            assert location is not None
            zone = ZoneInfo(location.time_zone)
            rows = uow.session.execute(
                select(Payment.received_at)
                .join(Ticket, Ticket.id == Payment.ticket_id)
                .where(Payment.tender == "card", Ticket.location_id == location.id)
            )
            days = Counter(at.astimezone(zone).date() for (at,) in rows)
            return days.most_common(1)[0][0]
    finally:
        store.close()
