//! Theme agreement (NMI, ARI, coverage) against gold labels: built by the themes issue.
