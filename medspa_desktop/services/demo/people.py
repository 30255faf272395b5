"""Word lists for demo clients: varied names, allergies, flags, tags and booking notes."""

from __future__ import annotations

FEMALE_FIRST = """
Abigail Adaeze Adriana Aisha Alejandra Alexis Alicia Alyssa Amanda Amara Amelia Ana Andrea
Angela Anika Aria Ariana Ashley Aaliyah Beatriz Bianca Brianna Brooke Camila Carla Carmen
Caroline Catalina Chanel Charlotte Chloe Claire Daniela Deborah Destiny Diana Ebony Elena
Elizabeth Ella Emily Erin Esperanza Fatima Fernanda Gabriela Gianna Hailey Harper Hana Imani
Ingrid Isabel Isabella Jasmine Jessica Jennifer Joanna Josephine Julia Julianna Kaitlyn
Kayla Keisha Kimberly Laila Laura Lauren Layla Leah Lucia Lucy Luz Madison Maria Mariana
Marisol Maya Megan Mei Melissa Mia Michelle Mila Monica Naomi Natalia Natasha Nia Nicole
Nina Nora Olga Paola Patricia Paula Priscilla Rachel Rebecca Renata Rosa Ruby Sakura Samantha
Sara Savannah Scarlett Serena Shanice Sienna Sofia Stephanie Tamara Tatiana Tiffany Valentina
Valeria Vanessa Veronica Victoria Vivian Wanda Ximena Yasmin Yesenia Yuki Zara Zoe Agnieszka
Katarzyna Magdalena Siobhan Aoife Ngozi Chiamaka Thi Linh Anjali Deepa Kavya Leilani Noemi
"""
MALE_FIRST = """
Aaron Adrian Alejandro Andre Anthony Carlos Christopher Daniel David Diego Dmitri Eduardo
Ethan Gabriel Hiroshi Isaac Jamal Javier Jonathan Jordan Jose Kevin Luis Malik Marco Mateo
Michael Miguel Nathan Omar Rafael Ricardo Ryan Samuel Sean Tomasz Tyrone Victor William Wei
"""
LAST = """
Acosta Adams Agarwal Aguilar Ahmed Alexander Allen Alvarado Anderson Andrews Bailey Baker
Banks Barnes Bell Bennett Brooks Brown Bryant Butler Cabrera Campbell Carter Castillo Castro
Chan Chang Chavez Chen Clark Coleman Collins Contreras Cook Cooper Cruz Daniels Davis Delgado
Diaz Dominguez Duong Edwards Espinoza Evans Fernandez Figueroa Fischer Flores Ford Foster
Garcia Gomez Gonzalez Gordon Graham Gray Green Griffin Guerrero Gutierrez Hall Hamilton Harris
Hayes Henderson Hernandez Herrera Hill Hoang Howard Hughes Ibrahim Jackson James Jenkins
Jimenez Johnson Jones Jordan Kaminski Kang Kelly Khan Kim Kowalski Kumar Lee Lewis Lin Lopez
Martin Martinez Medina Mendoza Meyer Miller Mitchell Molina Moore Morales Moreno Murphy Murray
Nguyen Novak Nowak O'Brien O'Connor Okafor Okonkwo Olson Ortiz Owens Park Patel Perez Perry
Peterson Phillips Pham Powell Price Quinn Ramirez Ramos Reyes Reynolds Richardson Rivera
Roberts Robinson Rodriguez Rojas Romero Rossi Ruiz Russell Salazar Sanchez Sanders Santiago
Santos Schmidt Scott Shah Silva Simmons Singh Smith Soto Stewart Sullivan Suarez Tanaka Taylor
Thomas Thompson Torres Tran Turner Vargas Vasquez Vega Walker Wallace Walsh Ward Washington
Watson White Williams Wilson Wojcik Wong Wright Wu Yamamoto Yang Young Zhang Zielinski
"""

STREET_NUMBERS = range(100, 4900, 7)

ALLERGIES = (
    "Lidocaine", "Latex", "Penicillin", "Sulfa drugs", "Aspirin", "Hyaluronidase",
    "Shellfish", "Adhesive tape", "Tree nuts", "Codeine", "Bee stings", "Neomycin",
)  # fmt: skip
MEDICAL_FLAGS = (
    "pregnant", "breastfeeding", "anticoagulants", "keloid history", "cold sores (HSV)",
    "autoimmune condition", "isotretinoin in last 6 months", "pacemaker", "diabetes",
    "photosensitising medication", "history of vasovagal fainting",
)  # fmt: skip
MEDICATIONS = (
    "Levothyroxine 50 mcg", "Sertraline 50 mg", "Oral contraceptive", "Lisinopril 10 mg",
    "Fish oil", "Vitamin E", "Metformin 500 mg", "Spironolactone 50 mg", "Tretinoin cream",
)  # fmt: skip
TAGS = ("referral", "influencer", "sensitive skin", "prefers text", "bride-to-be", "corporate")
REFERRAL_SOURCES = ("Instagram", "Google", "Friend or family", "Walk-in", "Yelp", "TikTok", "")
FRONT_DESK_NOTES = (
    "Prefers afternoon appointments.",
    "Parks in the garage; validate parking.",
    "Likes a reminder call the day before.",
    "Ask about membership options.",
    "Prefers to be called by her middle name.",
    "Often runs 10 minutes late.",
    "Spanish-speaking; Sofia or Ava can help.",
)
BOOKING_NOTES = (
    "First visit: arrive 15 minutes early for the intake form.",
    "Wants to discuss packages after the treatment.",
    "Requested the same room as last time.",
    "Bringing a friend who may book too.",
    "Gift card holder.",
)
CANCEL_REASONS = (
    "Client ill", "Schedule conflict", "Travel", "Childcare", "Weather", "Rescheduled",
    "No reason given",
)  # fmt: skip
CARD_BRANDS = (("visa", 50), ("mastercard", 25), ("amex", 20), ("discover", 5))
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
FICTION_AREA_CODES = """
201 202 203 205 206 207 208 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234
239 240 248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308
309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 331 334 336 337 339 347 351
352 360 361 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 424 425
"""
"""Area codes paired with the 555-0100..0199 numbers that are reserved for fiction."""
