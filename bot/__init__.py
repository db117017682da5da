"""Conserjería bot: application factory, settings, entry point and the offline sandbox."""
