"""The relationship map (R2): who is who in an account, and how well we know them.

`facts` describes one account's people, our relationships with them, their vested
interests, links, needs and stance history as frozen dataclasses, and reads what the rules
share from them (`Coverage`); `strength` turns them into a 0–100 relationship strength
whose parts explain themselves.
"""
