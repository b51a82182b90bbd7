"""Evidence: signed exports (with privacy masks), their verification, citizens' evidence
requests and the receipt printed for the requester."""
