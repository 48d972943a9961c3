"""Render-stage tests."""
