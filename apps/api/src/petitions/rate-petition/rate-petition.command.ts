import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { RatePetitionDto } from './rate-petition.dto';

export interface SubmitterProof {
  readonly userId?: string;
  readonly accessKeyHash?: string;
}

export class RatePetitionCommand extends PetitionCommandMessage<RatePetitionDto & { proof: SubmitterProof }> {}
