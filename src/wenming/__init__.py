"""Wenming (文明): the platform for running the national civilized city campaign."""
