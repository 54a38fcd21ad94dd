"""Near-duplicates by MinHash + LSH, as file-based stages any executor can schedule.

News is syndicated: one wire story reappears on many outlets with another
headline, a byline, boilerplate around it, a paragraph cut or a few words
changed. Exact keys miss those copies; comparing every pair of documents does
not scale. MinHash sketches each document's set of shingles so that two
sketches agree on a fraction of positions that estimates the Jaccard
similarity of the sets; LSH bands the sketches so that only documents sharing
a whole band are ever compared.

Each stage is a plain function from files to files, so a process pool or a
cluster engine can run the parallel ones anywhere the files are reachable:

1. signatures (`signatures.SignatureWriter`, inside each task): one Parquet
   file per task beside its work shard, keyed by document id, with the sketch
   and what the canonical rule needs. Kept between runs, so an incremental
   build checks new documents against the existing corpus without redoing it.
2. index (`signatures.index_signatures`): documents numbered in id order, the
   sketches gathered into one memory-mapped matrix.
3. bands (`buckets.band_keys`, per chunk of documents): one key per band,
   written to hash partitions.
4. pairs (`buckets.shared_buckets`, then `buckets.candidate_pairs`, per
   partition): the buckets of two documents or more regrouped by their lowest
   document, then documents that share a band key, each compared with the
   bucket's first member on the full sketch (the candidate check), so LSH
   false positives are not linked. Memory is that of one partition, not the corpus.
5. clusters and links (`clusters`): union-find over the verified pairs (and
   exact-key matches), then one canonical row per cluster.
"""
