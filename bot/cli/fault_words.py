"""The Swedish of every worded error (bot/errors.py): English template -> Swedish template.

tests/bot/cli/test_fault_words.py finds every template in bot/ and fails when one has no
Swedish here, so a new error cannot reach staff in English by accident.
"""

from __future__ import annotations

SWEDISH: dict[str, str] = {
    # where
    "environment variable {name}": "miljövariabeln {name}",
    "argument {name}": "argumentet {name}",
    "(no settings file)": "(ingen inställningsfil)",
    # settings
    "settings file not found": "inställningsfilen finns inte",
    "is a directory, not a settings file": "är en katalog, inte en inställningsfil",
    "not UTF-8 text (save the file as UTF-8)": "inte UTF-8-text (spara filen som UTF-8)",
    "not valid TOML: {reason}": "inte giltig TOML: {reason}",
    "not valid TOML at line {line}, column {column}: {reason}": "inte giltig TOML på rad {line}, kolumn {column}: {reason}",
    "not valid TOML at the end of the file: {reason}": "inte giltig TOML i slutet av filen: {reason}",
    "a value that is not a quoted text, number, date, true/false, list or table":
        "ett värde som varken är en text inom citattecken, ett tal, ett datum, true/false, en lista eller en tabell",
    "a line that is neither key = value nor a [table] heading": "en rad som varken är nyckel = värde eller en [tabell]-rubrik",
    "a key without = and a value after it": "en nyckel utan = och ett värde efter",
    "a key that begins with a character keys cannot have": "en nyckel som börjar med ett tecken nycklar inte kan ha",
    "more after a value on the same line (one key = value per line)":
        "mer efter ett värde på samma rad (en nyckel = värde per rad)",
    "a list [ … ] that is not closed": "en lista [ … ] som inte är avslutad",
    "a table { … } that is not closed": "en tabell { … } som inte är avslutad",
    "a text whose closing quotation mark is missing": "en text där det avslutande citattecknet saknas",
    "a [table] heading without its ]": "en [tabell]-rubrik utan sitt ]",
    "a [[table]] heading without its ]]": "en [[tabell]]-rubrik utan sitt ]]",
    "a key given twice": "en nyckel som anges två gånger",
    "the table {key} twice": "tabellen {key} två gånger",
    "the table {key} defined twice": "tabellen {key} definierad två gånger",
    "{key} changed after it was given in full": "{key} ändras efter att den angetts i sin helhet",
    "the key {key} twice in one table {{ … }}": "nyckeln {key} två gånger i samma tabell {{ … }}",
    "a date or time that does not exist (e.g. 2025-02-30)": "ett datum eller en tid som inte finns (t.ex. 2025-02-30)",
    "the character {char}, which is not allowed there": "tecknet {char}, som inte får stå där",
    "a \\ in a \"…\" text (write \\\\, or use '…')": "ett \\ i en \"…\"-text (skriv \\\\ eller använd '…')",
    "must be a table, e.g. [{section}]": "måste vara en tabell, t.ex. [{section}]",
    "unknown setting": "okänd inställning",
    "must be a path (a string)": "måste vara en sökväg (en sträng)",
    "must be {expected}, not {actual}": "måste vara {expected}, inte {actual}",
    "a whole number": "ett heltal", "a number": "ett tal", "a string": "en sträng",
    "true or false": "true eller false", "a list": "en lista", "a table": "en tabell",
    "must be one of {choices}, not {value!r}": "måste vara en av {choices}, inte {value!r}",
    "required when mailbox.action is move": "krävs när mailbox.action är move",
    "cannot be used together with imap.ssl (choose one)": "går inte att kombinera med imap.ssl (välj en)",
    "cannot be used together with smtp.ssl (choose one)": "går inte att kombinera med smtp.ssl (välj en)",
    "must be between {low} and {high}, not {value}": "måste vara mellan {low} och {high}, inte {value}",
    "must be at least {low}, not {value}": "måste vara minst {low}, inte {value}",
    "must be true or false, not {value!r}": "måste vara true eller false, inte {value!r}",
    "must be a port number (1–65535), not {value!r}": "måste vara ett portnummer (1–65535), inte {value!r}",
    "required (or set {variable})": "krävs (eller sätt {variable})",
    "required": "krävs",
    "account {name}: {fault} ({failed} of {accounts} accounts could not be read)":
        "kontot {name}: {fault} ({failed} av {accounts} konton kunde inte läsas)",
    "must be tables, each written [[accounts]]": "måste vara tabeller, var och en skriven [[accounts]]",
    'required: a short name of lower-case letters, digits, - or _ (e.g. "vg"), not {value!r}':
        'krävs: ett kort namn av små bokstäver, siffror, - eller _ (t.ex. "vg"), inte {value!r}',
    'required: a list of campaign keys, e.g. ["jamstallt-vg-2024-2027"]':
        'krävs: en lista med kampanjnycklar, t.ex. ["jamstallt-vg-2024-2027"]',
    "no account receives the campaign(s) {keys}": "inget konto tar emot kampanjen/kampanjerna {keys}",
    "the name is given to two accounts": "namnet används av två konton",
    "no campaign has the key {wanted!r} (the campaign files have: {known})":
        "ingen kampanj har nyckeln {wanted!r} (kampanjfilerna har: {known})",
    "{wanted!r} is received by the account {other!r} already": "{wanted!r} tas redan emot av kontot {other!r}",
    "is empty, but a value is required": "är tom, men ett värde krävs",
    "{reason}": "{reason}",
    "unknown action {action!r}": "okänd åtgärd {action!r}",
    "must be outcome=action pairs separated by commas, not {value!r}":
        "måste vara par utfall=åtgärd åtskilda med komma, inte {value!r}",
    "unknown outcome {outcome!r}; the outcomes are {choices}": "okänt utfall {outcome!r}; utfallen är {choices}",
    "{action!r} is not an action (none, flag, flag:<flag>, move or move:<folder>)":
        "{action!r} är ingen åtgärd (none, flag, flag:<flagga>, move eller move:<mapp>)",
    'must be "host:port", e.g. "127.0.0.1:8080", not {value!r}':
        'måste vara "värd:port", t.ex. "127.0.0.1:8080", inte {value!r}',
    "cannot listen on {address}: {reason}": "kan inte lyssna på {address}: {reason}",
    # campaigns and rosters
    "campaign directory does not exist (set campaigns_dir in the settings file or INTAKE_CAMPAIGNS_DIR)":
        "kampanjkatalogen finns inte (ange campaigns_dir i inställningsfilen eller INTAKE_CAMPAIGNS_DIR)",
    "no campaign files (*.toml) found": "inga kampanjfiler (*.toml) hittades",
    "cannot read the file: {reason}": "kan inte läsa filen: {reason}",
    "not a case number like 801-9838-2024: {value!r}": "inte ett diarienummer som 801-9838-2024: {value!r}",
    "must be a list of email addresses": "måste vara en lista med e-postadresser",
    "cannot read the roster: {reason}": "kan inte läsa organisationslistan: {reason}",
    "line {line}: organisation is empty": "rad {line}: organisationen saknas",
    "line 1: the heading line is missing (organisation,org_number,type,domains)":
        "rad 1: rubrikraden saknas (organisation,org_number,type,domains)",
    "line {line}: not a CSV row the program can read ({reason})":
        "rad {line}: inte en CSV-rad som programmet kan läsa ({reason})",
    "line {line}: neither UTF-8 nor Windows-1252 text (save it as CSV UTF-8)":
        "rad {line}: varken UTF-8- eller Windows-1252-text (spara som CSV UTF-8)",
    "line 1: unknown column {column!r} (the columns are {columns})":
        "rad 1: okänd kolumn {column!r} (kolumnerna är {columns})",
    "line 1: the column {column!r} is missing": "rad 1: kolumnen {column!r} saknas",
    "line {line}: {count} field(s), but the heading has {expected}":
        "rad {line}: {count} fält, men rubrikraden har {expected}",
    "line {line}: more fields than the heading has columns ({expected})":
        "rad {line}: fler fält än rubrikraden har kolumner ({expected})",
    "must be a list of tables, written [[{table}]]": "måste vara en lista med tabeller, skrivna [[{table}]]",
    "unknown key (did you mean {suggestion}?)": "okänd nyckel (kanske {suggestion}?)",
    "unknown key (the keys are {keys})": "okänd nyckel (nycklarna är {keys})",
    "must be an email address": "måste vara en e-postadress",
    "not an email address: {value!r}": "inte en e-postadress: {value!r}",
    "duplicate value {value!r}: {other} has it too": "värdet {value!r} förekommer två gånger: även i {other}",
    "required key is missing": "nyckeln krävs men saknas",
    "must be a non-empty string": "måste vara en sträng som inte är tom",
    "file not found: {path}": "filen finns inte: {path}",
    "not a directory: {path}": "inte en katalog: {path}",
    "at least one [[goals]] entry is required": "minst ett [[goals]]-avsnitt krävs",
    "must be a positive integer": "måste vara ett positivt heltal",
    "must be after starts_at": "måste vara efter starts_at",
    "not an ISO date-time: {value!r}": "inte en tidpunkt i ISO-format: {value!r}",
    "must be an ISO date-time with a UTC offset, e.g. 2025-04-17T10:00:00+02:00":
        "måste vara en tidpunkt i ISO-format med tidszon, t.ex. 2025-04-17T10:00:00+02:00",
    'must be a list like ["7d", "1d"]': 'måste vara en lista som ["7d", "1d"]',
    'each offset is a number and d, h or m, e.g. "7d" or "2h", not {item!r}':
        'varje tid före träffen är ett tal och d, h eller m, t.ex. "7d" eller "2h", inte {item!r}',
    'must be a table, e.g. [digest] days = "mon-fri"': 'måste vara en tabell, t.ex. [digest] days = "mon-fri"',
    "unknown key (use days and time)": "okänd nyckel (använd days och time)",
    'must be weekdays like "mon-fri", "mon,thu" or "daily", not {value!r}':
        'måste vara veckodagar som "mon-fri", "mon,thu" eller "daily", inte {value!r}',
    'must be a local time like "07:30", not {value!r}': 'måste vara ett klockslag som "07:30", inte {value!r}',
    "duplicate value {value!r}": "värdet {value!r} förekommer två gånger",
    "no campaign {campaign!r}; there are {keys}": "ingen kampanj {campaign!r}; det finns {keys}",
    "no information session {session!r}; there are {ids}": "ingen informationsträff {session!r}; det finns {ids}",
    "no sample messages (*.eml) found": "inga exempelmeddelanden (*.eml) hittades",
    # the database
    "the database URL {url} cannot be used: {reason}": "databasadressen {url} går inte att använda: {reason}",
    "cannot create the directory of the SQLite file {path}: {reason}":
        "kan inte skapa katalogen för SQLite-filen {path}: {reason}",
    "the SQLite file {path} does not exist: run `intake db upgrade` to create it, or correct the database URL":
        "SQLite-filen {path} finns inte: kör `intake db upgrade` för att skapa den, eller rätta databasadressen",
    "the database {url} has no intake-bot tables: run `intake db upgrade`, or correct the database URL":
        "databasen {url} har inga tabeller för intake-bot: kör `intake db upgrade`, eller rätta databasadressen",
    "the database is at an older revision ({current}) than the program ({head}): run `intake db upgrade`":
        "databasen har en äldre version ({current}) än programmet ({head}): kör `intake db upgrade`",
    "database {url}: {fault}": "databasen {url}: {fault}",
    "database unavailable: {reason}": "databasen går inte att nå: {reason}",
    "the database refused even the least record of a message: {reason}":
        "databasen tog inte ens emot den minsta posten om ett meddelande: {reason}",
    "the database {name} does not exist on the server (create it, or correct the URL)":
        "databasen {name} finns inte på servern (skapa den, eller rätta adressen)",
    "the database user {name} does not exist": "databasanvändaren {name} finns inte",
    "the database refused the password of {name}": "databasen godtog inte lösenordet för {name}",
    "the file is not an SQLite database (correct the database URL, or move the file out of the way)":
        "filen är ingen SQLite-databas (rätta databasens adress, eller flytta undan filen)",
    "the SQLite file is damaged (restore it from a backup: docs/operator-guide.md)":
        "SQLite-filen är skadad (återställ den från en säkerhetskopia: se drifthandboken)",
    "the database server refused the connection (is it running, and are host and port right?)":
        "databasservern tog inte emot anslutningen (är den igång, och stämmer värd och port?)",
    "the database server's host name was not found": "databasserverns värdnamn hittades inte",
    "the database server did not answer in time": "databasservern svarade inte i tid",
    "the SQLite file cannot be opened or created (check the path and that the directory is writable)":
        "SQLite-filen kan inte öppnas eller skapas (kontrollera sökvägen och att katalogen är skrivbar)",
    "the database is read-only (check the file's permissions)":
        "databasen är skrivskyddad (kontrollera filens behörigheter)",
    "the disk is full": "disken är full",
    "the database has no intake-bot tables: run `intake db upgrade`":
        "databasen har inga tabeller för intake-bot: kör `intake db upgrade`",
    "another process ({holder}) is working on the mailbox; waited {seconds} s, try again when it is done":
        "en annan process ({holder}) arbetar med brevlådan; väntade {seconds} s, försök igen när den är klar",
    # mail servers
    "not connected to the IMAP server": "inte ansluten till IMAP-servern",
    "CAPABILITY failed: {fault}": "CAPABILITY misslyckades: {fault}",
    "UIDVALIDITY of {folder!r} changed during the pass": "UIDVALIDITY för {folder!r} ändrades under genomgången",
    "FETCH of {count} message(s) failed: {fault}": "FETCH av {count} meddelanden misslyckades: {fault}",
    "cannot log in to IMAP {server} as {user}: {fault}": "kan inte logga in på IMAP {server} som {user}: {fault}",
    "imap.auth = 'xoauth2' needs the [oauth] settings": "imap.auth = 'xoauth2' kräver inställningarna under [oauth]",
    "smtp.auth = 'xoauth2' needs the [oauth] settings": "smtp.auth = 'xoauth2' kräver inställningarna under [oauth]",
    "cannot get a token from {authority}: {fault}": "kan inte hämta en åtkomsttoken från {authority}: {fault}",
    "{authority} refused to give a token: {error} {description}":
        "{authority} vägrade ge en åtkomsttoken: {error} {description}",
    "cannot open the folder {folder!r}: {fault}": "kan inte öppna mappen {folder!r}: {fault}",
    "UID SEARCH failed: {fault}": "UID SEARCH misslyckades: {fault}",
    "FETCH of {count} summaries failed: {fault}": "FETCH av {count} sammanfattningar misslyckades: {fault}",
    "FETCH of UID {uid} failed: {fault}": "FETCH av UID {uid} misslyckades: {fault}",
    "FETCH of sections {sections} failed: {fault}": "FETCH av delarna {sections} misslyckades: {fault}",
    "STORE +FLAGS {flag} on UID {uid} failed: {fault}": "STORE +FLAGS {flag} på UID {uid} misslyckades: {fault}",
    "the server has neither MOVE nor UIDPLUS: cannot move UID {uid} safely":
        "servern har varken MOVE eller UIDPLUS: kan inte flytta UID {uid} säkert",
    "moving UID {uid} to {folder!r} failed: {fault}": "flytten av UID {uid} till {folder!r} misslyckades: {fault}",
    "LIST failed: {fault}": "LIST misslyckades: {fault}",
    "APPEND to {folder!r} failed: {fault}": "APPEND till {folder!r} misslyckades: {fault}",
    "login refused ({answer})": "inloggningen nekades ({answer})",
    "connection refused (is the server running and the port right?)":
        "anslutningen nekades (är servern igång och stämmer porten?)",
    "host name not found": "värdnamnet hittades inte",
    "the server's TLS certificate is not trusted ({answer})": "serverns TLS-certifikat är inte betrott ({answer})",
    "TLS failed ({answer})": "TLS misslyckades ({answer})",
    "no answer in time": "inget svar i tid",
    "the server refused ({answer})": "servern vägrade ({answer})",
    "connection failed ({answer})": "anslutningen misslyckades ({answer})",
    "{answer}": "{answer}",
    # the operating system
    "cannot write {path}: {reason}": "kan inte skriva {path}: {reason}",
    "{path}: {reason}": "{path}: {reason}",
    "no such file or directory": "filen eller katalogen finns inte",
    "a part of the path is a file, not a directory": "en del av sökvägen är en fil, inte en katalog",
    "permission denied": "behörighet saknas",
    "the file system is read-only": "filsystemet är skrivskyddat",
    "it is a directory": "det är en katalog",
}


def swedish(template: str) -> str:
    return SWEDISH.get(template, template)
