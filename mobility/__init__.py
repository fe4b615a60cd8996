"""The `mobility` operator command line and the sample journeys it publishes."""
