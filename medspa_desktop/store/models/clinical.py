"""Treatment charts (versioned; signed versions immutable), their templates, photos and the
blob catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Id, Synced, Timestamped, utcnow


class ChartTemplate(Synced, Timestamped, Base):
    """A chart form (``soap``, ``neuromodulator``, ``filler``, ``laser_ipl`` ...); its fields
    live in numbered ``ChartTemplateVersion`` rows, so a chart keeps the form it was written on.

    NOTE: ``code`` is not unique: two devices may add the same code offline, and a unique
    constraint would then stop the second from syncing. The oldest row with a code is used.
    """

    __tablename__ = "chart_template"

    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Service category codes charted with this template (``ServiceCategory.code``)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChartTemplateVersion(Synced, Base):
    """The exact fields of one version of a chart template; never changed once saved.

    ``definition`` is the template schema (``domain/chart_template.py``).
    """

    __tablename__ = "chart_template_version"

    template_id: Mapped[str] = mapped_column(ForeignKey("chart_template.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class Chart(Synced, Timestamped, Base):
    """The treatment record of one appointment. ``status``: ``draft`` or ``signed``.

    The content lives in ``ChartVersion`` rows; once signed, changes are addenda.
    """

    __tablename__ = "chart"

    appointment_id: Mapped[str | None] = mapped_column(
        ForeignKey("appointment.id"), default=None, index=True
    )
    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    template_code: Mapped[str] = mapped_column(String(40))
    """Which chart form: ``neuromodulator``, ``filler``, ``laser_ipl``, ``soap`` ..."""
    template_version_id: Mapped[str | None] = mapped_column(Id, default=None)
    """The ``ChartTemplateVersion`` the chart is written on (no foreign key: adding one would
    rebuild the table in SQLite; the chart services check it)."""
    status: Mapped[str] = mapped_column(String(16), default="draft")
    signed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    signed_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    current_version_id: Mapped[str | None] = mapped_column(Id, default=None)
    """Latest version shown by default.

    NOTE: no foreign key, because chart and chart_version would reference each other and
    SQLite cannot add a constraint after the table exists.
    """


class ChartVersion(Synced, Base):
    """Ledger of a chart's content. ``kind``: ``version`` or ``addendum``.

    Concurrent edits on two devices become siblings (same ``parent_version_id``), shown to
    the clinician to reconcile. ``content_hash`` is SHA-256 of the canonical JSON body, so a
    signed version can be proven unchanged.
    """

    __tablename__ = "chart_version"

    chart_id: Mapped[str] = mapped_column(ForeignKey("chart.id"), index=True)
    parent_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("chart_version.id"), default=None
    )
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(16), default="version")
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    merged_version_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Sibling versions besides ``parent_version_id`` that this version reconciled."""


class Photo(Synced, Base):
    """A clinical photo; the image itself is an encrypted blob named by its SHA-256."""

    __tablename__ = "photo"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    chart_id: Mapped[str | None] = mapped_column(ForeignKey("chart.id"), default=None, index=True)
    appointment_id: Mapped[str | None] = mapped_column(ForeignKey("appointment.id"), default=None)
    blob_sha256: Mapped[str] = mapped_column(String(64))
    thumb_sha256: Mapped[str] = mapped_column(String(64), default="")
    area: Mapped[str] = mapped_column(String(40), default="")
    """Body area: ``face``, ``forehead``, ``lips``, ``underarm`` ..."""
    angle: Mapped[str] = mapped_column(String(20), default="")
    """``front``, ``left``, ``right``, ``left_oblique``, ``right_oblique``."""
    taken_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    taken_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    """The client agreed this photo may be used in marketing."""
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)


class BlobRef(Base):
    """Device-local catalogue of the encrypted blob store; never synced.

    Rows that name a blob (photo, signed consent) sync on their own; this table tracks what
    this device holds and whether it has been uploaded yet. ``kind``: ``photo``,
    ``thumbnail``, ``signature``, ``pdf``.
    """

    __tablename__ = "blob_ref"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the plaintext, hex; also the blob's file name."""
    size: Mapped[int] = mapped_column(Integer)
    """Plaintext size in bytes."""
    mime: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
