"""Demo content for the 2022 campaign, built from the seed article."""
