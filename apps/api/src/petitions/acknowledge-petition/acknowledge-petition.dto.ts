export class AcknowledgePetitionDto {}
