"""Building blocks of the deterministic demo clinic (entry point: ``services.demo_clinic``)."""
