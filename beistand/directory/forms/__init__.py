"""Forms of the referral directory."""
