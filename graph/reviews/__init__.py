"""MOPI reviews: which records are due (`due`), a review recorded (`events`), records
proposed for disposal (`proposals`) and a proposal withdrawn (`withdraw`)."""
