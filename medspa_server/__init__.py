"""The central MedSpa server: sync API, device enrolment, online booking (FastAPI)."""

__version__ = "0.1.0"
