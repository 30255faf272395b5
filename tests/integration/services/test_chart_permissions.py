"""Who sees and writes charts, through the services: front desk sees that a chart exists and
never its content; practitioners only charts of clients they treat or are booked with;
managers and owners every chart; each opening is audited; managers change templates."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.chart_lots import chart_lot_choices
from medspa_desktop.services.chart_read import ChartListing, charts_of_client
from medspa_desktop.services.chart_templates import (
    SaveChartTemplate,
    list_chart_templates,
    save_chart_template,
)
from medspa_desktop.services.errors import PermissionDenied
from medspa_desktop.services.lot_recall import lot_recall

from .chart_clinic import neuro_body, set_up_charting
from .helpers import audit_entries


@pytest.fixture
def c(clinic):
    return set_up_charting(clinic)


@pytest.fixture
def chart(c) -> str:
    chart_id = c.start(c.lee).chart_id
    c.save(c.lee, chart_id, neuro_body(("Chin", 2, c.botox_lot)), None)
    return chart_id


def _denied(c, actor) -> int:
    return len(audit_entries(c.store, outcome="denied", staff_id=actor.staff_id))


def test_front_desk_sees_that_a_chart_exists_with_date_practitioner_and_status_only(c, chart):
    with c.store.uow() as uow:
        listed = charts_of_client(c.maya, uow=uow, actor=c.desk)

    (listing,) = listed
    assert isinstance(listing, ChartListing)
    assert (listing.chart_id, listing.practitioner_name, listing.status) == (
        chart,
        "Practitioner lee",
        "draft",
    )
    assert set(vars(listing)) == {
        "chart_id",
        "appointment_id",
        "date",
        "practitioner_name",
        "status",
        "service_name",
        "addenda",
    }


def test_front_desk_can_neither_open_nor_write_nor_start_a_chart(c, chart):
    before = _denied(c, c.desk)

    with pytest.raises(PermissionDenied, match="Front desk staff can't view clinical notes"):
        c.view(c.desk, chart)
    with pytest.raises(PermissionDenied):
        c.save(c.desk, chart, {}, None)
    with pytest.raises(PermissionDenied):
        c.start(c.desk)
    with pytest.raises(PermissionDenied):
        c.sign(c.desk, chart)

    assert _denied(c, c.desk) == before + 4


def test_a_practitioner_booked_with_the_client_opens_the_chart(c, chart):
    assert c.view(c.lee, chart).current.body["dilution"] == 2.5


def test_a_practitioner_with_no_booking_with_the_client_is_refused_and_it_is_audited(c, chart):
    before = _denied(c, c.kim)

    for attempt in (
        lambda: c.view(c.kim, chart),
        lambda: c.save(c.kim, chart, {}, None),
        lambda: c.start(c.kim),
    ):
        with pytest.raises(PermissionDenied, match="only of clients they treat or are booked"):
            attempt()
    with c.store.uow() as uow, pytest.raises(PermissionDenied):
        chart_lot_choices(chart, uow=uow, actor=c.kim)

    denied = audit_entries(c.store, outcome="denied", staff_id=c.kim.staff_id)
    assert len(denied) == before + 4
    assert denied[-4].action == "chart.view" and denied[-4].entity_id == chart


def test_a_cancelled_booking_does_not_open_the_clients_charts_but_a_live_one_does(c, chart):
    c.book(c.kim, status="cancelled")
    with pytest.raises(PermissionDenied):
        c.view(c.kim, chart)

    c.book(c.kim, status="booked")

    assert c.view(c.kim, chart).chart_id == chart


@pytest.mark.parametrize("role", [Role.MANAGER, Role.OWNER])
def test_managers_and_owners_open_every_chart(c, chart, role):
    actor = c.manager if role is Role.MANAGER else c.owner

    assert c.view(actor, chart).practitioner_name == "Practitioner lee"


def test_every_opening_of_a_chart_is_audited(c, chart):
    before = len(audit_entries(c.store, action="chart.view", entity_id=chart, outcome="ok"))

    for actor in (c.lee, c.lee, c.manager, c.owner):
        c.view(actor, chart)

    opened = audit_entries(c.store, action="chart.view", entity_id=chart, outcome="ok")
    assert len(opened) == before + 4
    assert [e.staff_id for e in opened[-4:]] == [
        c.lee.staff_id,
        c.lee.staff_id,
        c.manager.staff_id,
        c.owner.staff_id,
    ]
    assert all(e.detail == "" for e in opened), "no clinical text in the audit log"


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_only_managers_and_owners_run_a_lot_recall(c, role):
    actor = {
        Role.FRONT_DESK: c.desk,
        Role.PRACTITIONER: c.lee,
        Role.MANAGER: c.manager,
        Role.OWNER: c.owner,
    }[role]
    with c.store.uow() as uow:
        if role in (Role.MANAGER, Role.OWNER):
            assert lot_recall("C3709C3", uow=uow, actor=actor).lots
        else:
            with pytest.raises(PermissionDenied, match="run a lot recall"):
                lot_recall("C3709C3", uow=uow, actor=actor)


def test_a_manager_saves_a_new_template_version_and_old_charts_keep_theirs(c, chart):
    definition = {
        "sections": [
            {
                "key": "s",
                "title": "Notes",
                "fields": [
                    {"key": "summary", "label": "Summary", "kind": "text", "required": True}
                ],
            }
        ]
    }
    cmd = SaveChartTemplate(
        "neuromodulator", "Neuromodulator (short)", ("neuromodulator",), definition
    )
    with c.store.uow() as uow, pytest.raises(PermissionDenied):
        save_chart_template(cmd, uow=uow, actor=c.lee)
    with c.store.uow() as uow:
        saved = save_chart_template(cmd, uow=uow, actor=c.manager)
    newer = c.start(c.lee, c.book(c.lee)).chart_id

    assert saved.version == 2
    assert "dilution" in c.view(c.lee, chart).template.fields()
    assert list(c.view(c.lee, newer).template.fields()) == ["summary"]
    with c.store.uow() as uow:
        listed = {t.code: t.version for t in list_chart_templates(uow=uow, actor=c.lee)}
    assert listed == {"neuromodulator": 2}
