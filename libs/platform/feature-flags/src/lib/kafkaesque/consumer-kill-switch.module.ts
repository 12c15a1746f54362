import { Module } from '@nestjs/common';
import { ConsumerKillSwitch } from './consumer-kill-switch';

/**
 * Gives every consumer group of the app its kill switch flag (`kill-switch.<group>`). Needs
 * FeatureFlagsModule and KafkaesqueModule (both global) in the app.
 */
@Module({ providers: [ConsumerKillSwitch], exports: [ConsumerKillSwitch] })
export class ConsumerKillSwitchModule {}
