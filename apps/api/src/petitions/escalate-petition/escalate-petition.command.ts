import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { EscalatePetitionDto } from './escalate-petition.dto';

export class EscalatePetitionCommand extends PetitionCommandMessage<EscalatePetitionDto> {}
