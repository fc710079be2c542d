"""Staff pages of the referral directory."""
