"""The demo clinic's set-up: organisation, locations, staff, menu, resources, stock, plans."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from medspa_desktop.services.credentials import hash_password, hash_pin
from medspa_desktop.services.demo import data, forms
from medspa_desktop.services.demo.appointments import OFFLINE_ONLY
from medspa_desktop.services.demo.clinic import Clinic, Person, Place, Plan, Treatment
from medspa_desktop.services.demo.rows import RowWriter
from medspa_desktop.store import models as m


def build_clinic(writer: RowWriter, rng: random.Random, at: dt.datetime) -> Clinic:
    """Queue the set-up rows (created at ``at``) and describe them for the generators."""
    writer.add(
        m.Organisation,
        at,
        id=writer.org_id,
        name=data.ORGANISATION,
        currency=data.CURRENCY,
        default_country="US",
    )
    places = [_place(writer, spec, at) for spec in data.LOCATIONS]
    treatments = _menu(writer, at)
    people = _staff(writer, rng, places, at)
    for person in people:
        _working_hours(writer, person, places, at)
        if person.spec.role == "practitioner":
            person.treatments = [
                t for t in treatments if t.spec.category in person.spec.qualifications
            ]
            for treatment in person.treatments:
                writer.add(m.ServiceQualifiedStaff, at, service_id=treatment.id, staff_id=person.id)
    products = _products(writer, at)
    plans = _plans(writer, treatments, at)
    _intake_form(writer, at)
    return Clinic(writer.org_id, places, people, treatments, products, plans)


def _place(writer: RowWriter, spec: data.LocationSpec, at: dt.datetime) -> Place:
    place = Place(writer.ids.at(at), spec, ZoneInfo(spec.time_zone))
    writer.add(
        m.Location,
        at,
        id=place.id,
        name=spec.name,
        time_zone=spec.time_zone,
        address=spec.address,
        phone=spec.phone,
        email=spec.email,
        idle_lock_minutes=10,
        grid_minutes=15,
        active=True,
        tax_rates=place.tax_rates,
        min_notice_minutes=120,
        booking_horizon_days=90,
        late_cancel_hours=24,
        late_cancel_fee_minor=data.LATE_CANCEL_FEE_MINOR,
        no_show_fee_minor=data.NO_SHOW_FEE_MINOR,
        online_booking="requested",
        cancellation_policy=data.CANCELLATION_POLICY,
    )
    for name, kind in spec.rooms:
        room = writer.add(m.Room, at, location_id=place.id, name=name, kind=kind, active=True)
        place.rooms.setdefault(kind, []).append(room["id"])
    for number, (name, kind, model) in enumerate(spec.machines, start=1):
        machine = writer.add(
            m.Machine,
            at,
            location_id=place.id,
            name=name,
            kind=kind,
            model=model,
            serial=f"{spec.code}-{kind[:3].upper()}-{number:04d}",
            active=True,
        )
        place.machines.setdefault(kind, []).append(machine["id"])
    writer.add(
        m.CardReader,
        at,
        location_id=place.id,
        stripe_reader_id=f"tmr_demo_{spec.code}",
        label="Front desk reader",
        active=True,
    )
    return place


def _menu(writer: RowWriter, at: dt.datetime) -> list[Treatment]:
    consents: dict[str, str] = {}
    categories: dict[str, str] = {}
    for order, category in enumerate(data.CATEGORIES):
        categories[category.code] = writer.add(
            m.ServiceCategory,
            at,
            code=category.code,
            name=category.name,
            sort_order=order,
            clinical=True,
        )["id"]
    for code, name, months in forms.CONSENTS:
        template = writer.add(
            m.ConsentTemplate,
            at,
            code=code,
            name=name,
            valid_months=months,
            service_category_id=categories.get(code),
            active=True,
        )
        consents[code] = template["id"]
        body = forms.CONSENT_BODY.format(name_lower=name.lower().removesuffix(" consent"))
        writer.add(
            m.ConsentTemplateVersion,
            at,
            template_id=template["id"],
            version=1,
            body=body,
            created_at=at,
            created_by=None,
        )
    consent_of = {c.code: c.consent_code for c in data.CATEGORIES}
    treatments = []
    for order, spec in enumerate(data.SERVICES):
        consent = consent_of[spec.category]
        row = writer.add(
            m.ServiceItem,
            at,
            category_id=categories[spec.category],
            name=spec.name,
            description="",
            duration_minutes=spec.minutes,
            buffer_before_minutes=spec.before,
            buffer_after_minutes=spec.after,
            price_minor=spec.price * 100,
            tax_category="service",
            required_room_kind=spec.room,
            required_machine_kind=spec.machine,
            required_consent_template_id=consents[consent] if consent else None,
            active=True,
            online_bookable=spec.category not in OFFLINE_ONLY,
            colour=data.COLOURS[spec.category],
            sort_order=order,
        )
        treatments.append(Treatment(row["id"], spec, categories[spec.category]))
    return treatments


def _staff(
    writer: RowWriter, rng: random.Random, places: list[Place], at: dt.datetime
) -> list[Person]:
    # NOTE: argon2 is slow on purpose; everyone shares the demo password, so hash it once.
    password_hash = hash_password(data.DEMO_PASSWORD)
    pins = rng.sample(
        [f"{n:04d}" for n in range(1000, 10000) if len(set(f"{n:04d}")) >= 3], len(data.STAFF)
    )
    people = []
    for spec, pin in zip(data.STAFF, pins, strict=True):
        row = writer.add(
            m.Staff,
            at,
            username=spec.first.lower(),
            display_name=f"{spec.first} {spec.last}",
            email=f"{spec.first.lower()}@lumiere-aesthetics.example",
            role=spec.role,
            qualifications=list(spec.qualifications),
            title=spec.title,
            password_hash=password_hash,
            pin_hash=hash_pin(pin),
            active=True,
            sessions_revoked_at=None,
            calendar_colour=spec.colour,
        )
        person = Person(row["id"], spec, pin, spec.locations[0])
        for index in spec.locations:
            writer.add(m.StaffLocation, at, staff_id=person.id, location_id=places[index].id)
            places[index].people.append(person)
        people.append(person)
    return people


def _working_hours(writer: RowWriter, person: Person, places: list[Place], at: dt.datetime) -> None:
    spec = person.spec
    for weekday in spec.weekdays:
        writer.add(
            m.WorkingHours,
            at,
            staff_id=person.id,
            location_id=places[person.place].id,
            weekday=weekday,
            start_minute=spec.start_hour * 60,
            end_minute=spec.end_hour * 60,
            effective_from=at.date(),
            effective_to=None,
        )


def _products(writer: RowWriter, at: dt.datetime) -> dict[str, tuple[str, data.ProductSpec]]:
    products = {}
    for p in data.PRODUCTS:
        row = writer.add(
            m.Product,
            at,
            sku=p.sku,
            name=p.name,
            brand=p.brand,
            kind=p.kind,
            unit=p.unit,
            price_minor=p.price * 100,
            cost_minor=p.cost_cents,
            tax_category="retail",
            reorder_level=p.reorder,
            active=True,
        )
        products[p.sku] = (row["id"], p)
    return products


def _plans(writer: RowWriter, treatments: list[Treatment], at: dt.datetime) -> list[Plan]:
    plans = []
    for name, price, credit, bp, description in data.MEMBERSHIP_PLANS:
        row = writer.add(
            m.MembershipPlan,
            at,
            name=name,
            description=description,
            price_minor=price * 100,
            interval_months=1,
            monthly_credit_minor=credit * 100,
            discount_bp=bp,
            active=True,
        )
        plans.append(Plan(row["id"], name, price * 100, credit * 100, bp))
    by_name = {t.spec.name: t.id for t in treatments}
    for name, service, sessions, price in data.PACKAGE_PLANS:
        writer.add(
            m.PackagePlan,
            at,
            name=name,
            service_id=by_name[service],
            sessions=sessions,
            price_minor=price * 100,
            valid_months=18,
            active=True,
        )
    return plans


def _intake_form(writer: RowWriter, at: dt.datetime) -> None:
    questions = [
        {"key": key, "label": label, "type": kind, "choices": [], "required": kind == "yes_no"}
        for key, label, kind in forms.INTAKE_QUESTIONS
    ]
    writer.add(
        m.IntakeForm,
        at,
        code="medical_history",
        name="Medical history",
        version=1,
        questions=questions,
        active=True,
    )
