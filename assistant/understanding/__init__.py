"""Understanding an input: the one typed :class:`Query` parsed at the edge, and what its words
say (a :class:`Reading`), and what kind of claim or question it is (its frames).

Pure functions over text, the lexicon and the compiled cards; no model, no I/O. A fact-checker
must be able to see why a sentence was read the way it was, and the same sentence must always be
read the same way.
"""
