"""Text utilities shared by every layer: the bottom of the house.

Nothing here knows about the corpus's topic. Numbers with their hedges, sentences and
paragraphs with offsets, front matter, Norwegian stems and the status tags summaries carry are
read the same way wherever they are read: by corpus loading, by retrieval, by the reader of a
question and by the composer of an answer.
"""
