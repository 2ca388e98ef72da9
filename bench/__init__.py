"""Benchmarks, run on purpose and never by a test (docs/performance.md has the method and results).

    backlog.py      the benchmark of issue 13: `./scripts/bench` runs its main()
    generate.py     the backlog: BacklogSpec, the messages, seeding with MULTIAPPEND
      forms_mail.py   affiliation forms in every filling, first / resent / updated
      unrelated.py    notes, newsletters, other matters, invoices with PDFs, other documents
      mime.py         raw messages as bytes (fast base64 for multi-MB files)
    rig.py          Dovecot, the counting proxy, the SMTP server, a work directory
    proxy.py        the counting TCP proxy
      imapstream.py   reading the IMAP conversation: the server's bytes by phase
      phases.py       the phases after the run (body text or attachment, from BODYSTRUCTURE)
    measure.py      intake-bot and the peer through the backlog, the lower bound, the idle pass
    latency.py      IDLE latency with `intake run`
    peer.py         the full-fetch peer (a process of its own)
    process.py      children measured from outside (launch.py: wall time and their own peak RSS)
    parse_time.py   parse time per form in a worker-sized process (parse_forms.py: per style)
    profiles.py     profiles of the targets a run missed
    report.py       the markdown tables and the targets
    machine.py      what it ran on
"""
