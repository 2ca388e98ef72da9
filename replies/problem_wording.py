"""The sentence for each problem code, in Swedish (formal "ni") and English.

Staff may reword these; keep each one a sentence the reader can act on.
"""

# code: (Swedish, English). Each sentence says what is wrong and, when the sender can fix
# it, how; staff problems say that a case officer will look.
WORDING: dict[str, tuple[str, str]] = {
    # --- what the form says ---
    "missing_field": ("{subject} saknas i blanketten.", "{subject} is missing from the form."),
    "org_number_format": (
        "Organisationsnumret ”{value}” ska bestå av tio siffror, till exempel 212000-1231.",
        "The organisation number “{value}” should have ten digits, for example 212000-1231."),
    "org_number_checksum": (
        "Organisationsnumret {value} har fel kontrollsiffra (den sista siffran); kontrollera numret.",
        "The organisation number {value} has a wrong check digit (the last digit); please check the number."),
    "invalid_email": (
        "Kontaktpersonens e-postadress ”{value}” ser inte ut att vara en giltig adress; kontrollera den.",
        "The contact person's email address “{value}” does not look like a valid address; please check it."),
    "email_missing_at": (
        "E-postadressen för kontaktpersonen saknar @: {value} – skriv hela adressen, till exempel namn@kommun.se.",
        "The contact person's email address has no @: {value} – please write the whole address, e.g. name@example.se."),
    "email_missing_domain": (
        "E-postadressen för kontaktpersonen saknar domän: {value} – skriv hela adressen, till exempel namn@kommun.se.",
        ("The contact person's email address has no domain: {value} – please write the whole address, "
         "e.g. name@example.se.")),
    "email_undeliverable": (
        ("E-postadressen för kontaktpersonen går inte att skicka till, eftersom domänen {domain} inte finns: "
         "{value}; kontrollera adressen."),
        ("Mail cannot be delivered to the contact person's address, as the domain {domain} does not exist: "
         "{value}; please check the address.")),
    "invalid_phone": (
        ("Kontaktpersonens telefonnummer ”{value}” är inte ett fullständigt telefonnummer; "
         "skriv det med riktnummer, till exempel 031-123 45 67."),
        ("The contact person's phone number “{value}” is not a complete phone number; "
         "please write it with its area code, for example 031-123 45 67.")),
    "decision_date_unreadable": (
        "Datum för beslutet ”{value}” kunde inte läsas som ett datum; skriv det till exempel som 2025-05-05.",
        "The date of the decision “{value}” could not be read as a date; please write it as, e.g., 2025-05-05."),
    "case_number_mismatch": (
        ("Blanketten anger diarienummer {found}, men ärendet har diarienummer {expected}; "
         "kontrollera att ni har använt rätt blankett."),
        "The form gives case number {found}, but this case is {expected}; please check that you used the right form."),
    # --- the goals ---
    "no_goals": (
        "Blanketten anger inget av strategins mål; markera minst ett mål under ”Prioriterade regionala mål”.",
        ("The form names none of the strategy's goals; "
         "please mark at least one goal under “Prioritised regional goals”.")),
    "unknown_goal_number": (
        ("Blanketten anger mål {number}, som inte finns i strategin; strategins mål är mål {valid}. "
         "Ange vilka av dem ni har valt."),
        ("The form names goal {number}, which is not part of the strategy; the strategy's goals are goals {valid}. "
         "Please say which of them you have chosen.")),
    "goals_from_free_text": (
        "Inga mål var markerade, så vi har läst målen {goals} ur er text och en handläggare kontrollerar dem.",
        "No goals were marked, so we read goals {goals} from your text and a case officer will check them."),
    "goals_from_emphasis": (
        ("Inga rutor var kryssade, så vi har läst de framhävda (till exempel fetstilta) målen {goals} som era val "
         "och en handläggare kontrollerar dem."),
        ("No boxes were ticked, so we read the highlighted (e.g. bold) goals {goals} as your choice "
         "and a case officer will check them.")),
    "contradicting_marks": (
        "Markeringen av mål {goals} är motsägelsefull; en handläggare kontrollerar vilka mål ni har valt.",
        "The marking of goal(s) {goals} is contradictory; a case officer will check which goals you chose."),
    "goals_text_disagrees": (
        ("Ni har markerat mål {goals}, men texten nämner mål {text_goals}; "
         "en handläggare kontrollerar vilka mål ni har valt."),
        ("You marked goal(s) {goals}, but your text names goal(s) {text_goals}; "
         "a case officer will check which goals you chose.")),
    "ambiguous_goal_title": (
        "Målet ”{text}” kunde inte säkert kopplas till ett av strategins mål; en handläggare kontrollerar det.",
        ("The goal “{text}” could not be matched with certainty to one of the strategy's goals; "
         "a case officer will check it.")),
    "goal_number_title_mismatch": (
        ("Mål {number} anges med rubriken ”{title}”, som inte stämmer med strategins mål {number}; "
         "en handläggare kontrollerar vilket mål ni menar."),
        ("Goal {number} is given with the title “{title}”, which does not match the strategy's goal {number}; "
         "a case officer will check which goal you mean.")),
    "all_goals_listed": (
        ("Blanketten räknar upp alla strategins mål utan att markera något; "
         "en handläggare kontrollerar att ni vill prioritera samtliga."),
        ("The form lists all of the strategy's goals without marking any; "
         "a case officer will check that you wish to prioritise all of them.")),
    "unknown_session": (
        "Informationsträffen ”{text}” finns inte bland de erbjudna tillfällena; en handläggare återkommer till er.",
        "The information session “{text}” is not one of the sessions offered; a case officer will get back to you."),
    "org_number_differs": (
        ("Organisationsnumret på blanketten ({written}) stämmer inte med {roster} som vi har för {organisation}; "
         "en handläggare kontrollerar det."),
        ("The organisation number on the form ({written}) does not match {roster}, which we have for {organisation}; "
         "a case officer will check it.")),
    "organisation_name_differs": (
        ("Blanketten anger organisationen som ”{written}”, som vi har som {organisation}; "
         "en handläggare kontrollerar det."),
        "The form names the organisation “{written}”, which we have as {organisation}; a case officer will check it."),
    "unknown_organisation": (
        "Organisationen ”{organisation}” finns inte i vår förteckning, så en handläggare kontrollerar anmälan.",
        "The organisation “{organisation}” is not on our list, so a case officer will check the registration."),
    # --- who sent it (for staff: nothing is sent back) ---
    "dmarc_fail": (
        "Vårt e-postsystem kunde inte styrka att meddelandet kommer från {sender} (DMARC); en handläggare kontrollerar avsändaren.",
        "Our mail system could not verify that the message comes from {sender} (DMARC); a case officer will check the sender."),
    "own_address": (
        "Blanketten kom från vår egen adress {sender}, inte från organisationen; en handläggare kontrollerar anmälan.",
        "The form came from our own address {sender}, not from the organisation; a case officer will check the registration."),
    "sender_not_verified": (
        ("Blanketten kom från {sender}, som inte är en adress hos {organisation}; en handläggare kontrollerar "
         "anmälan med organisationen innan den registreras."),
        ("The form came from {sender}, which is not an address of {organisation}; a case officer will check the "
         "registration with the organisation before it is registered.")),
    "no_sender": (
        "Avsändarens adress gick inte att läsa; en handläggare kontrollerar vem anmälan kommer från.",
        "The sender's address could not be read; a case officer will check who the registration comes from."),
    # --- the file ---
    "not_the_form": (
        "Den bifogade filen är inte anslutningsblanketten; skicka den ifyllda blanketten som bilaga.",
        "The attached file is not the affiliation form; please attach the completed form."),
    "not_a_docx": (
        ("Den bifogade filen kunde inte öppnas som ett Word-dokument; "
         "skicka blanketten som en .docx-fil utan lösenordsskydd."),
        ("The attached file could not be opened as a Word document; "
         "please send the form as a .docx file without password protection.")),
    "damaged_document": (
        "Den bifogade filen är skadad eller ofullständig; spara blanketten på nytt och skicka den igen.",
        "The attached file is damaged or incomplete; please save the form again and resend it."),
    "encrypted_document": (
        ("Den bifogade filen är lösenordsskyddad, så vi kan inte läsa den; "
         "ta bort lösenordet och skicka blanketten igen."),
        ("The attached file is password-protected, so we cannot read it; "
         "please remove the password and resend the form.")),
    "legacy_word_document": (
        "Den bifogade filen är i det äldre Word-formatet .doc; spara blanketten som .docx och skicka den igen.",
        "The attached file is in the old Word format .doc; please save the form as .docx and resend it."),
    "macro_enabled_document": (
        ("Den bifogade filen är ett Word-dokument med makron (.docm); "
         "spara blanketten som ett vanligt Word-dokument (.docx) och skicka den igen."),
        ("The attached file is a Word document with macros (.docm); "
         "please save the form as a plain Word document (.docx) and resend it.")),
    "opendocument_text": (
        ("Den bifogade filen är i OpenDocument-format (.odt); spara blanketten som Word-dokument (.docx) "
         "och skicka den igen."),
        ("The attached file is in OpenDocument format (.odt); please save the form as a Word document (.docx) "
         "and resend it.")),
    "pdf_document": (
        ("Den bifogade filen är en PDF, som vi inte kan läsa automatiskt; skicka den ifyllda blanketten som "
         "Word-dokument (.docx)."),
        ("The attached file is a PDF, which we cannot read automatically; please send the completed form as a "
         "Word document (.docx).")),
    "image_document": (
        ("Den bifogade filen är en bild (till exempel ett foto eller en skanning), som vi inte kan läsa automatiskt; "
         "skicka den ifyllda blanketten som Word-dokument (.docx)."),
        ("The attached file is an image (for example a photo or a scan), which we cannot read automatically; "
         "please send the completed form as a Word document (.docx).")),
    "rtf_document": (
        "Den bifogade filen är i RTF-format; spara blanketten som Word-dokument (.docx) och skicka den igen.",
        "The attached file is in RTF format; please save the form as a Word document (.docx) and resend it."),
    "unsafe_document": (
        "Den bifogade filen kunde inte öppnas på ett säkert sätt; spara blanketten på nytt i Word och skicka den igen.",
        "The attached file could not be opened safely; please save the form again in Word and resend it."),
    "understated_sizes": (
        ("Den bifogade filen är en zip-fil vars innehållsförteckning inte stämmer med innehållet, så den öppnas "
         "inte automatiskt; en handläggare går igenom den."),
        ("The attached file is a zip archive whose directory does not match its contents, so it is not opened "
         "automatically; a case officer will go through it.")),
    "nesting_too_deep": (
        ("Den bifogade filen har fler nivåer inuti varandra (till exempel tabeller i tabeller) än vi läser "
         "automatiskt, så en handläggare går igenom den."),
        ("The attached file has more levels nested inside each other (for example tables within tables) than we "
         "read automatically, so a case officer will go through it.")),
    "parse_timeout": (
        "Blanketten tog för lång tid att läsa automatiskt, så en handläggare går igenom den.",
        "Reading the form automatically took too long, so a case officer will go through it."),
    "parse_memory": (
        "Blanketten var för stor för att läsas automatiskt, så en handläggare går igenom den.",
        "The form was too large to read automatically, so a case officer will go through it."),
    "parser_failed": (
        "Blanketten kunde inte läsas automatiskt, så en handläggare går igenom den.",
        "The form could not be read automatically, so a case officer will go through it."),
}
