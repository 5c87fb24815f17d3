"""A case's state badges and rework note, for the templates that show one case at a time."""

from django import template

from wenming.cases.rows import rework_note, state_pieces

register = template.Library()
register.simple_tag(state_pieces, name="case_state")
register.simple_tag(rework_note, name="case_rework")
