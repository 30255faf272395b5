"""MedSpa Desktop: offline-first clinic software for medical spas."""

__version__ = "0.1.0"
APP_NAME = "MedSpa Desktop"
