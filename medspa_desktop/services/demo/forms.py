"""Wording of the demo consent forms and the medical-history questionnaire."""

from __future__ import annotations

CONSENTS = (
    ("neuromodulator", "Neuromodulator treatment consent", 12),
    ("filler", "Dermal filler treatment consent", 12),
    ("laser", "Laser and IPL treatment consent", 12),
    ("chemical_peel", "Chemical peel consent", 12),
    ("microneedling", "Microneedling consent", 12),
)
CONSENT_BODY = (
    "I consent to {name_lower} at Lumière Aesthetics. The treatment, its expected results, "
    "alternatives, risks and after-care have been explained to me and my questions answered. "
    "I have disclosed my medical history, medications and allergies truthfully. I understand "
    "results vary and are not guaranteed, and that I may withdraw this consent at any time."
)

INTAKE_QUESTIONS = (
    ("pregnant", "Are you pregnant, trying to conceive or breastfeeding?", "yes_no"),
    ("allergies", "Do you have any allergies (medications, latex, lidocaine)?", "text"),
    ("medications", "Which medications and supplements do you take?", "text"),
    ("blood_thinners", "Do you take blood thinners, aspirin or fish oil?", "yes_no"),
    ("isotretinoin", "Have you taken isotretinoin (Accutane) in the last 6 months?", "yes_no"),
    ("cold_sores", "Do you get cold sores?", "yes_no"),
    ("keloids", "Do you form keloid or raised scars?", "yes_no"),
    ("autoimmune", "Do you have an autoimmune or neuromuscular condition?", "yes_no"),
    ("sun", "Have you had sun exposure or self-tanner in the last 2 weeks?", "yes_no"),
    ("goals", "What would you like to improve?", "text"),
)
