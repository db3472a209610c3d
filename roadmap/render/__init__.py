"""From data to the Word document: context, charts and the writer."""
