"""What board staff see and do.

    review.py   what needs a person: the lists behind `intake review`
    export.py   affiliation records as JSON (the contract) and CSV for Excel
"""
