"""The directory's pages: people, companies, membership and the staff queue."""
