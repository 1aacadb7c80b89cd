import GRDB
import QuarryIndex
import Testing

/// A failed write is explained by its cause: a constraint failure means the index changed under the
/// run, not a full disk ("UNIQUE constraint failed: entity.rowid … free disk space" misled people).
@Suite struct WriteFailureReasonTests {
    @Test func constraintFailureBlamesAnotherWriterNotTheDisk() {
        let error = DatabaseError(resultCode: .SQLITE_CONSTRAINT_UNIQUE, message: "UNIQUE constraint failed: entity.rowid")
        #expect(error.writeFailureReason.contains("the index changed while this run was writing it"))
        #expect(error.writeFailureReason.contains("UNIQUE constraint failed: entity.rowid"))
        #expect(!error.writeFailureReason.contains("disk"))
    }

    @Test func eachCommonCauseHasItsOwnAdvice() {
        let cases: [(ResultCode, String)] = [
            (.SQLITE_FULL, "the disk is full"), (.SQLITE_IOERR_WRITE, "the system refused a write"),
            (.SQLITE_READONLY, "check the permissions"), (.SQLITE_BUSY, "kept the index locked"),
            (.SQLITE_CORRUPT, "the index is damaged"),
        ]
        for (code, advice) in cases {
            #expect(DatabaseError(resultCode: code, message: "x").writeFailureReason.contains(advice), "\(code)")
        }
    }
}
