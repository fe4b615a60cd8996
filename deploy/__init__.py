"""What production runs: the image, compose and Kubernetes files, and the topics and ACLs job."""
