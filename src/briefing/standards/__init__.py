"""Analytic standards that `briefing check` enforces, and the rendering of the analytic data.

One module per rule, each a function ``…_problems(root, …) -> list[BriefingError]`` whose errors name
the file, the row or line, the field and what to do:

- ``confidence``: confidence follows sourcing (judgments, risks, Analysis blocks of the chapters);
- ``scenarios``: per set, probabilities sum to 100 and each ICD-203 term matches its number;
- ``indicators``: threshold, check-by date, what it moves (ids that exist), outcome evidence;
- ``positions``: stated date vs the question's opening, stance vs attribution, an outlet's inference
  coded as on the record (assistive);
- ``forward``: present- and future-tense wording that the passage of time falsifies;
- ``notation``: file names, ids, ISO date ranges and arrows in the data text a reader sees;
- ``markers``: a judgment's basis cites its passages clause by clause (``[id]`` markers);
- ``horizons``: every judgment, risk, scenario and indicator carries a horizon date;
- ``corpus_facts``: a count and date span of the corpus in prose agree with ``data/sources.yaml``;
- ``shape``: a bottom line of at most four sentences and 120 words, four to six key judgments, and each
  chapter opening with its finding in two to four sentences.

``data`` reads the tables, ``render`` prints them as escaped MyST for the chapters.
"""
