"""One person, one record: the duplicate-candidate queue (scan) and its adjudication (berbeda / gabungkan)."""
