/// How a job ended well.
public struct PrintOutcome: Sendable, Hashable {
    /// The job's id on its queue ("receipt-42"), for logs and staff.
    public var jobID: String
    /// From submission to the job's end.
    public var duration: Duration
    /// Whether the printer itself confirmed it still had paper after the job (ESC/POS paper
    /// sensor); nil when the printer cannot say. A CUPS "completed" only means the bytes left, so
    /// an adapter that reads the sensor and finds the roll empty throws `.paperRanOut` instead.
    public var paperConfirmed: Bool?

    public init(jobID: String, duration: Duration, paperConfirmed: Bool? = nil) {
        self.jobID = jobID
        self.duration = duration
        self.paperConfirmed = paperConfirmed
    }
}
