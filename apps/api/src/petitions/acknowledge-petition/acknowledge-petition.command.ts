import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { AcknowledgePetitionDto } from './acknowledge-petition.dto';

export class AcknowledgePetitionCommand extends PetitionCommandMessage<AcknowledgePetitionDto> {}
