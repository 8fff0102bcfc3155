"""Qualification (R1): which customers are key accounts, from sales data and judgement.

`metrics` turns monthly sales into figures, `policy` says what counts and how much,
`scoring` turns figures into a score, flags and a tier that explain themselves.
"""
