"""Names: the gazetteer of countries and organisations, nominative forms, links.

    forms      - match keys and the declension of lexicon names (pymorphy3)
    gazetteer  - countries and organisations found in a token sequence (dict keyed by word form)
    normal     - a mention's name in the nominative (persons, phrases with agreement)
    linking    - iso:XX links of UN member states
"""
