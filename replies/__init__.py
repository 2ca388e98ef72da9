"""What is sent: Jinja2 templates (sv, en), message composition, problem wording.

No I/O beyond reading the package's own templates; no database.
"""
