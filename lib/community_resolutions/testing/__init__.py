"""Test and benchmark helpers: never used by the report stages (notebooks, publish, cli)."""
