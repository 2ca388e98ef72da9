"""The campaign's affiliation form, from .docx bytes to FormData and problems.

parse.parse_form runs these steps, each in its own module:

    docx.safety.load_document    check the zip, read and parse the main XML part safely
                                 (docx.formats: other file kinds; docx.parts: one part)
    docx.text.extract            the body as paragraphs and rows, checkboxes as marks
    form.sections.FormDoc        each block placed in the form's sections
    form.fields.read_labelled    labels ("Organisationsnummer") to their values
    form.goals.read_goals        the chosen goals, however they were chosen
                                 (form.goal_lines, form.goal_titles, form.goal_doubts)
    form.identity.read_identity  is this the form at all, and which case number it names
    form.sessions.read_sessions  the chosen information sessions
    form.plan.plan_text          the sender's plan (section 5)
    form.style.detect_style      how the sender filled the form in
    form.values, form.contact    single values normalised (org number, date, email, phone)
    form.checks.check            what is missing or doubtful, as problems

Every problem code parse_form can return is in PROBLEM_CODES.
"""
