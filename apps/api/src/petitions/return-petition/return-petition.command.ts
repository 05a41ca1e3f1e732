import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { ReturnPetitionDto } from './return-petition.dto';

export class ReturnPetitionCommand extends PetitionCommandMessage<ReturnPetitionDto> {}
