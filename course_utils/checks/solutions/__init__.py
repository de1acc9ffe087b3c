"""The worked solutions of the course's exercises: the full edition's only copy.

One module per notebook (``nb01`` ... ``nb08``), each holding, under the exercise's
name (``q1``, ...), the code that sets ``answer``. ``Exercise.solution_text``
reads it when first asked for. The learner wheel (``./course learner``) is built
without this folder, so a learner's package holds no worked solution; the notebooks'
solution cells show the same texts (tests/test_solutions_in_notebooks.py).
"""
