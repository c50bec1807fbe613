"""ITA frameworks, scores and OIT evidence: built in the Assessments issue."""
